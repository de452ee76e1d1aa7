namespace Fracture.Server.Contracts;

/// <summary>Milliseconds spent decoding and in each model (null when that model did not run), and in all (storage included).</summary>
public sealed record PredictionTimings(double DecodeMs, double? ClassifyMs, double? DetectMs, double? SegmentMs, double TotalMs);
