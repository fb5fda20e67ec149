/**
 * The names every stage derives from a job id: topics, subjects, groups, transactional ids,
 * warehouse paths and tables, plus the record header names and the key checksum that manifests
 * carry. Nothing here may change without every stage changing with it (ARCHITECTURE.md,
 * "Contracts").
 */
package io.kappareplay.schemas.naming;
