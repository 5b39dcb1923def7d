/**
 * Secrets at rest (Tink AEAD under a master keyset with key ids, so keys rotate without downtime)
 * and in transit (Tink HPKE hybrid encryption, sealed to exactly one recipient's public keyset).
 */
package io.portolan.sealing;
