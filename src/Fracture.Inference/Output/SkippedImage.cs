namespace Fracture.Inference.Output;

/// <summary>An input a batch could not predict (unreadable, corrupt, refused by the model) and why, for the predictions files.</summary>
public sealed record SkippedImage(string Image, string Reason);
