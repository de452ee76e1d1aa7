namespace Fracture.Cli.Predict;

/// <summary>An input that could not be predicted (unreadable, corrupt, truncated, refused by the model) and why.</summary>
internal sealed record SkippedInput(string Path, string Reason);
