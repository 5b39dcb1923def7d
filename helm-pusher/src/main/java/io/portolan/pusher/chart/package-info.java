/**
 * Chart packages, framework-free: reading and checking an archive, Helm's {@code Chart.yaml} model,
 * and the OCI artifact {@code helm push} writes for it, byte for byte.
 */
package io.portolan.pusher.chart;
