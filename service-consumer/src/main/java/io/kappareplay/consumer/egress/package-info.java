/**
 * What the runtime writes: egress records (a handler's outputs, or the 0-output marker) and dead
 * letter records, each carrying its lineage in the headers of ARCHITECTURE.md's contract.
 */
package io.kappareplay.consumer.egress;
