namespace Fracture.Server.Contracts;

/// <summary>The models the server runs, by task.</summary>
/// <param name="FlipFusion">
/// Whether detectors and segmenters run with test-time mirror fusion when a request does not say
/// (<c>Fracture:Server:FlipFusion</c>); a request's <c>flipFusion</c> field overrides it.
/// </param>
public sealed record ModelList(IReadOnlyList<ModelInfo> Models, bool FlipFusion);
