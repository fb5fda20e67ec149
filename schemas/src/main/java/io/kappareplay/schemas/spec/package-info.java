/**
 * The job spec: a YAML file read by {@link io.kappareplay.schemas.spec.JobSpecParser} into an
 * immutable, validated {@link io.kappareplay.schemas.spec.JobSpec}. Every key is listed in {@link
 * io.kappareplay.schemas.spec.JobSpecKey}; every rule lives in one class, which the parser and the
 * model's constructors share.
 */
package io.kappareplay.schemas.spec;
