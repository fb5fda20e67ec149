/**
 * Code that runs inside the child JVMs the launcher starts (broker, registry): the ready-file
 * handshake and the watchdog that ends a child whose parent is gone.
 */
package io.kappareplay.local.child;
