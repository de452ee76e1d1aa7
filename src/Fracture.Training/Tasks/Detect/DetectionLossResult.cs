using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// One batch's detection loss. <see cref="Total"/> (a scalar with its graph, owned by the caller) is the sum of the
/// three parts, which are reported already multiplied by their gains, as Ultralytics logs box_loss, cls_loss and
/// dfl_loss, so that the figures can be compared with an Ultralytics run's results.csv.
/// </summary>
/// <param name="Total">BoxGain * box + ClassGain * cls + DflGain * dfl; a per-batch mean, not scaled by batch size.</param>
/// <param name="Box">BoxGain times the CIoU loss.</param>
/// <param name="Class">ClassGain times the classification loss.</param>
/// <param name="Dfl">DflGain times the distribution focal loss.</param>
public sealed record DetectionLossResult(Tensor Total, double Box, double Class, double Dfl);
