namespace Fracture.Inference.Output;

/// <summary>A prediction and the image it is for, named by file name (as `fracture eval detect` matches images).</summary>
public sealed record NamedPrediction(string Image, ImagePrediction Prediction);
