using Fracture.Core.Datasets;
using Fracture.Inference;

namespace Fracture.Cli.Validation;

/// <summary>One image of a split and what the ONNX model said about it (coordinates in pixels of the image's file).</summary>
internal sealed record OnnxPrediction(DatasetItem Item, ImagePrediction Prediction);
