namespace Fracture.Server.Contracts;

/// <summary>
/// Which model file took part in a prediction: id, task, its metadata's version and the file's SHA-256, and whether
/// it ran with test-time mirror fusion.
/// </summary>
/// <param name="FlipFusion">
/// The model ran on the image and its mirror image and its findings are the two views' fused boxes (detectors and
/// segmenters, by the request's <c>flipFusion</c> or the server's default). False for a classifier, and for
/// predictions stored before this field existed (fusion was then a server-wide setting, off by default).
/// </param>
public sealed record ModelVersion(string Id, string Task, string? Version, string Sha256, bool FlipFusion = false);
