using Fracture.Inference;
using Fracture.Server.Models;

namespace Fracture.Server.Predictions;

/// <summary>One model's result on one upload, and how long it took.</summary>
/// <param name="Result">Findings at the lower of the request's confidence and the model's threshold, so the verdict sees what the threshold needs.</param>
/// <param name="FlipFusion">The model ran on the image and its mirror image and fused the two views' boxes.</param>
public sealed record ModelRun(LoadedModel Model, ImagePrediction Result, double Milliseconds, bool FlipFusion = false);
