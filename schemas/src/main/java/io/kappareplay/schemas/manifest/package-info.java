/**
 * The manifests of ARCHITECTURE.md, {@code kappa/manifests/<job>/{ingress,egress,sink}.json}: the
 * ground truth reconciliation compares the landed tables with.
 */
package io.kappareplay.schemas.manifest;
