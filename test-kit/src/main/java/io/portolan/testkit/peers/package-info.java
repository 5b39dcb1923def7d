/**
 * Scripted HTTP peers for the cloud services tests cannot reach (AWS ECR and STS, Google's OAuth2
 * token endpoint, Entra and ACR's token exchange). Each checks what the real service checks (a
 * SigV4 signature, a JWT assertion's signature and claims, the grant's parameters), answers in the
 * real service's format, counts calls and can be told to fail.
 */
package io.portolan.testkit.peers;
