-- The catalog and the indexer each own a database.
CREATE DATABASE portolan_catalog OWNER portolan;
CREATE DATABASE portolan_indexer OWNER portolan;
