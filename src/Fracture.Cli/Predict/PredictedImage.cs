using Fracture.Inference;

namespace Fracture.Cli.Predict;

/// <summary>One input that was predicted: its path, the prediction, and the annotated PNG written for it (with --save).</summary>
internal sealed record PredictedImage(string Path, ImagePrediction Prediction, string? SavedTo);
