namespace Fracture.Server.Contracts;

/// <summary>
/// Milliseconds spent decoding and in each model (null when that model did not run), and in all from decoding to the
/// built result (not reading the upload, waiting for a slot or storing: the figure is stored with the result).
/// </summary>
public sealed record PredictionTimings(double DecodeMs, double? ClassifyMs, double? DetectMs, double? SegmentMs, double TotalMs);
