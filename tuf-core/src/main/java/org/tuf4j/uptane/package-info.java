/**
 * Uptane on top of tuf4j's TUF core (Uptane Standard, references by section anchor).
 *
 * <ul>
 *   <li>Image metadata: {@link org.tuf4j.uptane.UptaneTargetCustom} reads and writes the custom
 *       metadata about images (#targets_images_meta); {@link org.tuf4j.uptane.ShallMatch}
 *       compares the "SHALL match" fields of Director and Image repository metadata
 *       (#full_verification).
 *   <li>Repository mapping: {@link org.tuf4j.uptane.RepositoryMapping}, TAP 4's {@code map.json}
 *       (#repo_mapping_meta).
 *   <li>Device side: {@link org.tuf4j.uptane.EcuVersionReport} (#version_report) and {@link
 *       org.tuf4j.uptane.VehicleVersionManifest} (#vehicle_version_manifest), signed with an
 *       ECU key by {@link org.tuf4j.uptane.UptaneSigned#sign} (#construct_manifest_primary,
 *       #create_version_report).
 *   <li>Director side: {@link org.tuf4j.uptane.ManifestVerifier} checks a manifest against the
 *       vehicle's {@link org.tuf4j.uptane.VehicleInventory} (#inventory_db) and its {@link
 *       org.tuf4j.uptane.ManifestReplayState} (#director_repository). Each refusal is its own
 *       subtype of {@link org.tuf4j.VerificationException}, named after the attack.
 *   <li>Repository side: {@link org.tuf4j.uptane.ImageRepository} (#image_repository: images
 *       with hardware ids and increasing release counters, supplier delegations restricted by
 *       paths and hardware ids, offline targets keys) and {@link
 *       org.tuf4j.uptane.DirectorRepository} (#director_repository: an inventory of vehicles,
 *       image assignments checked against it, per-vehicle targets, snapshot and timestamp
 *       generated on demand with online keys). {@link org.tuf4j.uptane.UptaneFields} names the
 *       members both write beyond TUF's and the verifiers read.
 *   <li>Vehicle side: {@link org.tuf4j.uptane.FullVerifier} is a Primary's full verification of
 *       Director and Image repository metadata (#full_verification) over two {@link
 *       org.tuf4j.client.Updater}s, returning the {@link org.tuf4j.uptane.VerifiedImage}s to
 *       install against the caller's {@link org.tuf4j.uptane.InstalledImages}, and the {@link
 *       org.tuf4j.uptane.DirectorMetadata} to forward; {@link org.tuf4j.uptane.PartialVerifier}
 *       is a Secondary's partial verification of that forwarded metadata
 *       (#partial_verification), its state a {@link org.tuf4j.uptane.PartialVerificationState}
 *       the caller keeps. {@link org.tuf4j.uptane.DirectorTargets} reads the Director's orders
 *       and vehicle identifier (#targets_images_meta); {@link
 *       org.tuf4j.uptane.UptaneDelegations} the hardware identifiers on delegations
 *       (#resolve_delegations).
 *   <li>{@link org.tuf4j.uptane.UptaneProfile} chooses between the standard form (the default)
 *       and the aktualizr/ota-tuf dialect deployed vehicles and servers use (opt-in, never
 *       global), for manifests and metadata alike.
 *   <li>Encodings (#meta_structures): both repositories publish their metadata in canonical
 *       JSON, deterministic CBOR, or both side by side, and the verifiers read the encoding they
 *       are configured with, per repository ({@link org.tuf4j.metadata.MetadataEncoding}); the
 *       aktualizr dialect is JSON only.
 * </ul>
 */
package org.tuf4j.uptane;
