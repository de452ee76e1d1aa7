namespace Fracture.Server.Predictions;

/// <summary>A prediction request as read from the form: the file's bytes and display name, and the parsed options.</summary>
/// <param name="FileName">The client's file name, for display only (never used in a path); null when it sent none.</param>
/// <param name="Confidence">The request's <c>conf</c>, or null for the server's default.</param>
/// <param name="FlipFusion">The request's <c>flipFusion</c>, or null for the server's default (<c>Fracture:Server:FlipFusion</c>).</param>
public sealed record Upload(byte[] Data, string? FileName, PredictionTask Task, double? Confidence, bool? FlipFusion = null);
