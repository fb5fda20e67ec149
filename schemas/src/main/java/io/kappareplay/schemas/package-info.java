/** The contracts every Kappa Replay stage shares. */
package io.kappareplay.schemas;
