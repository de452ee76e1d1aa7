namespace Fracture.Server.Contracts;

/// <summary>The study-level call: a fracture is suspected when any model with an operating threshold says so.</summary>
/// <param name="FractureSuspected">
/// Null when no model that ran has an operating threshold (an Ultralytics export, such as a COCO yolov8n, has none):
/// nothing voted, and "no fracture" would be a call no model made.
/// </param>
public sealed record Verdict(bool? FractureSuspected, IReadOnlyList<VerdictEvidence> Evidence);
