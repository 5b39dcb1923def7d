package io.portolan.oci;

import java.net.URI;
import java.util.List;

/** One page of a paginated list, with the next page's URL when there is one. */
record Page(List<String> items, URI next) {}
