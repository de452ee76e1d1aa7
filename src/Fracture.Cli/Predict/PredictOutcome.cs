namespace Fracture.Cli.Predict;

/// <summary>What a predict run did: the predicted images and the skipped ones, each in source order.</summary>
internal sealed record PredictOutcome(IReadOnlyList<PredictedImage> Predicted, IReadOnlyList<SkippedInput> Skipped, int IgnoredFiles, int EarlierOutputs = 0);
