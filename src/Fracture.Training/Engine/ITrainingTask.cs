using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// The hooks a task fills in (data, model, loss, validation, plots); <see cref="Trainer{TBatch}"/> does the rest:
/// optimiser, schedule, EMA, checkpoints, early stopping, results and logs. A task is one folder plus one entry in
/// <see cref="Tasks.TaskRegistry"/>.
/// </summary>
public interface ITrainingTask<TBatch> : IDisposable
    where TBatch : IDisposable
{
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Where the dataset's class ids go (<see cref="Data.LabelMapping"/>); kept in checkpoints for resumes.</summary>
    string LabelMapping { get; }

    /// <summary>Batches per training epoch (for the schedule and progress).</summary>
    int BatchesPerEpoch { get; }

    /// <summary>Images per training epoch (for throughput).</summary>
    int TrainImages { get; }

    /// <summary>Training images with a labelled object; a box task with none would learn background alone.</summary>
    int TrainImagesWithObjects => TrainImages;

    /// <summary>
    /// Validation images that can score the model: all of them for a classifier, those with a labelled object for a
    /// box task (on a split without any, mAP is 0 every epoch and the first epoch would stay "best").
    /// </summary>
    int ValImagesThatScore { get; }

    /// <summary>Both counts above, as checkpoints keep them.</summary>
    SplitSizes Sizes => new(TrainImages, ValImagesThatScore);

    /// <summary>A fresh network; with <paramref name="initialWeights"/> false (resuming) pretrained weights are not loaded.</summary>
    nn.Module<Tensor, Tensor> CreateModel(bool initialWeights);

    /// <summary>The epoch's batches in a reproducible order (seeded by the epoch), prepared ahead of use.</summary>
    IEnumerable<TBatch> TrainBatches(int epoch, CancellationToken cancellation);

    /// <summary>The network's input in a batch (what <see cref="Loss"/> feeds it), e.g. to calibrate weights read from ONNX.</summary>
    Tensor Inputs(TBatch batch);

    /// <summary>Returns the scalar loss and adds named loss parts (summed over the epoch) to <paramref name="parts"/>.</summary>
    Tensor Loss(nn.Module<Tensor, Tensor> model, TBatch batch, IDictionary<string, double> parts);

    ValidationResult Validate(nn.Module<Tensor, Tensor> model);

    /// <summary>
    /// Writes the task's own plots (e.g. a confusion matrix) and best-val.json for the best epoch's validation report;
    /// <paramref name="source"/> (best.ckpt and its epoch) goes into best-val.json, so a resume can tell it is current.
    /// </summary>
    void WritePlots(string runFolder, ValidationResult result, ModelSource source);
}
