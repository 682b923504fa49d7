package dev.edgesync.core.sites;

/** One record of the {@code _core.sites} topic, as decoded by {@link SiteCodec}. */
public sealed interface RegistryEntry permits PartitionProgress, SiteDeclaration, SiteRegistration, LegacySiteTotals {
}
