using System.Diagnostics;
using System.Text.Json;
using Fracture.Core.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// The training loop every task shares: warm-up + cosine LR, AdamW or SGD, gradient clipping, weight EMA,
/// validation each epoch, results.csv and plots, atomic last/best checkpoints, early stopping and resume.
/// The task (<see cref="ITrainingTask{TBatch}"/>) supplies data, network, loss and validation.
/// </summary>
public sealed class Trainer<TBatch>
    where TBatch : IDisposable
{
    private const string ModelSection = "model";
    private const string EmaSection = "ema";
    private const string OptimizerSection = "optimizer";

    /// <summary>Training batches whose images calibrate the BatchNorms of weights read from ONNX (128 images at batch 16).</summary>
    private const int CalibrationBatches = 8;

    private readonly TrainOptions _options;
    private readonly ITrainingTask<TBatch> _task;
    private readonly RunFolder _run;
    private readonly ITrainingObserver _observer;
    private readonly Checkpoint? _resume;

    // Set while a new run reads its --init weights: a failure there removes the run's folder.
    private bool _initialWeightsRefused;

    public Trainer(TrainOptions options, ITrainingTask<TBatch> task, RunFolder run, ITrainingObserver observer, Checkpoint? resume = null)
    {
        _options = options;
        _task = task;
        _run = run;
        _observer = observer;
        _resume = resume;
    }

    public TrainResult Run(CancellationToken cancellation = default)
    {
        try
        {
            return RunCore(cancellation);
        }
        catch when (_initialWeightsRefused)
        {
            // A new run whose --init could not be read has trained nothing: its folder (options, log, lock) goes, so
            // it neither takes the name nor waits to be resumed. The lock and log are closed by now.
            Directory.Delete(_run.Path, recursive: true);
            throw;
        }
    }

    private TrainResult RunCore(CancellationToken cancellation)
    {
        // A resume takes the run before it repairs best.ckpt; a new run takes it here.
        using var held = _run.IsLocked ? null : _run.Lock();
        using var log = new RunLog(_run.LogFile);
        torch.random.manual_seed(_options.Seed);
        AtomicFile.WriteAllText(_run.OptionsFile, JsonSerializer.Serialize(_options, Checkpoint.JsonOptions));

        using var model = _task.CreateModel(initialWeights: _resume is null);
        if (_resume is null && _options.InitialWeights is { } initial)
        {
            // Before the EMA copies the model, so both start from these weights.
            _initialWeightsRefused = true;
            Say(log, OnnxInitialWeights.IsOnnx(initial)
                ? OnnxInitialWeights.Load(model, initial).Calibrate(CalibrationInputs(cancellation))
                : InitialWeights.Load(model, initial));
            _initialWeightsRefused = false;
        }

        using var optimizer = OptimizerFactory.Create(model, _options, out var groupFactors);
        var updates = _resume?.Header.Updates ?? 0L;
        // A resumed average continues its ramp where it stopped (its weights are loaded below).
        using var ema = _options.EmaDecay > 0
            ? new ModelEma(model, _task.CreateModel(initialWeights: false), _options.EmaDecay, _options.EmaTau, updates)
            : null;
        var history = new List<EpochRecord>();
        var stopping = new EarlyStopping(_options.Patience);
        var start = 0;
        if (_resume is not null)
        {
            ModuleState.Load(model, _resume.Section(ModelSection), "weights");
            ModuleState.Load(optimizer, _resume.Section(OptimizerSection));
            if (ema is not null && _resume.Sections.ContainsKey(EmaSection))
            {
                ModuleState.Load(ema.Model, _resume.Section(EmaSection), "EMA weights");
            }

            start = _resume.Header.Epoch;
            history.AddRange(_resume.Header.History);
            stopping = _resume.Header.Stopping;
            Say(log, $"resumed {_run.Path} after epoch {start} of {_options.Epochs}");
        }
        else
        {
            Say(log, $"training {_options.Task} {_options.Model} on {_options.Data}: {_task.TrainImages} images, {_task.BatchesPerEpoch} batches of {_options.Batch}, {_options.Epochs} epochs -> {_run.Path}");
        }

        if (_resume is not null && BestValidation.FindStale(_run, stopping.BestEpoch) is { } stale)
        {
            RewriteBestValidation(log, stale, stopping.BestEpoch, averaged: ema is not null);
        }

        // After any resume, so the bfloat16 copy starts from the weights the run continues with.
        using var mixed = BFloat16Compute.For(_options.Precision, model, () => _task.CreateModel(initialWeights: false));
        var trainingStep = new TrainingStep(model, mixed, optimizer, _options.ClipGradientNorm);
        var emaModel = ema is null ? null : (nn.Module<Tensor, Tensor>)ema.Model;
        var schedule = LearningRateSchedule.From(_options);
        var stoppedEarly = false;
        var epochsThisProcess = 0;
        var epoch = start;
        for (; epoch < _options.Epochs; epoch++)
        {
            if (stopping.ShouldStop(epoch))
            {
                stoppedEarly = true;
                break;
            }

            if (_options.StopAfterEpochs is { } limit && epochsThisProcess >= limit)
            {
                break;
            }

            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            (Dictionary<string, double> Parts, double LearningRate, int Steps) trained;
            ValidationResult validation;
            try
            {
                trained = TrainEpoch(model, trainingStep, optimizer, groupFactors, ema, schedule, epoch, ref updates, cancellation);
                validation = _task.Validate(emaModel ?? model);
            }
            catch (System.Runtime.InteropServices.ExternalException ex)
            {
                // A native libtorch error mid-epoch: the checkpoints of finished epochs are intact, so say how to go on.
                var reason = ex.Message.Split('\n')[0];
                log.Write($"libtorch failed in epoch {epoch + 1}: {ex.Message}");
                var next = epoch == 0
                    ? "no epoch was saved yet: start the run again"
                    : $"the run is saved up to epoch {epoch}: continue with `fracture train {_options.Task} --resume {_run.Path}`";
                throw new Core.FractureException($"libtorch failed in epoch {epoch + 1} ({reason}); {next}", ex);
            }

            var (parts, lr, steps) = trained;
            var values = parts.ToDictionary(kv => kv.Key, kv => kv.Value / Math.Max(1, steps), StringComparer.Ordinal);
            foreach (var (name, value) in validation.Metrics)
            {
                values[name] = value;
            }

            var record = new EpochRecord(epoch + 1, values, lr, clock.Elapsed.TotalSeconds);
            history.Add(record);
            bool isBest;
            (stopping, isBest) = stopping.Observe(epoch + 1, validation.Fitness);
            Save(model, optimizer, ema, record, validation, stopping, updates, history, isBest);
            ResultsCsv.Write(_run.ResultsFile, history);
            RunPlots.WriteCurves(_run.Path, history);
            if (isBest)
            {
                _task.WritePlots(_run.Path, validation, ModelSource.Checkpoint(_run.BestCheckpoint, record.Epoch));
            }

            _observer.OnEpochEnd(record, isBest);
            log.Write($"epoch {record.Epoch}/{_options.Epochs} {string.Join(" ", values.Select(kv => $"{kv.Key}={kv.Value:0.####}"))} lr={lr:0.######} {record.Seconds:0.0}s{(isBest ? " best" : string.Empty)}");
            epochsThisProcess++;
        }

        var finished = epoch >= _options.Epochs || stoppedEarly;
        if (stoppedEarly)
        {
            Say(log, $"stopped early: no improvement for {_options.Patience} epochs since epoch {stopping.BestEpoch}");
        }

        var best = history.FirstOrDefault(r => r.Epoch == stopping.BestEpoch);
        return new TrainResult(_run.Path, history.Count, stopping.BestEpoch, best?.Values ?? new Dictionary<string, double>(), stoppedEarly, finished);
    }

    private (Dictionary<string, double> Parts, double LearningRate, int Steps) TrainEpoch(
        nn.Module<Tensor, Tensor> model, TrainingStep trainingStep, optim.Optimizer optimizer, IReadOnlyList<double> groupFactors, ModelEma? ema, LearningRateSchedule schedule, int epoch, ref long updates, CancellationToken cancellation)
    {
        trainingStep.Train();
        var parts = new Dictionary<string, double>(StringComparer.Ordinal);
        var batches = _task.BatchesPerEpoch;
        _observer.OnEpochStart(epoch + 1, _options.Epochs, batches);
        var clock = Stopwatch.StartNew();
        var step = 0;
        var images = 0;
        var lr = schedule.At(epoch);
        foreach (var batch in _task.TrainBatches(epoch, cancellation))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                lr = schedule.At(epoch + ((double)step / batches));
                OptimizerFactory.SetLearningRate(optimizer, lr, groupFactors);
                trainingStep.Take(
                    computing => _task.Loss(computing, batch, parts),
                    value => new Core.FractureException($"the loss became {value} at epoch {epoch + 1}, batch {step + 1}; lower the learning rate"));
                ema?.Update(model);
                updates++;
            }

            step++;
            images += _options.Batch;
            var rate = images / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            var remaining = TimeSpan.FromSeconds((batches - step) * _options.Batch / Math.Max(1e-9, rate));
            _observer.OnBatch(new BatchProgress(epoch + 1, step, batches, parts.GetValueOrDefault("loss") / step, rate, remaining));
        }

        return (parts, lr, step);
    }

    private void Save(
        nn.Module model, optim.Optimizer optimizer, ModelEma? ema, EpochRecord record, ValidationResult validation,
        EarlyStopping stopping, long updates, List<EpochRecord> history, bool isBest)
    {
        var header = new CheckpointHeader(record.Epoch, _options, _task.ClassNames, validation.Metrics, stopping, updates, [.. history], DateTimeOffset.UtcNow, _task.LabelMapping, _task.Sizes);
        var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [ModelSection] = ModuleState.Save(model),
            [OptimizerSection] = ModuleState.Save(optimizer),
        };
        if (ema is not null)
        {
            sections[EmaSection] = ModuleState.Save(ema.Model);
        }

        Checkpoint.Write(_run.LastCheckpoint, header, sections);
        if (isBest)
        {
            Checkpoint.Write(_run.BestCheckpoint, header, sections);
        }
    }

    /// <summary>
    /// Scores best.ckpt again and writes its report and plots, when a resume finds best-val.json is not the best
    /// epoch's (<see cref="BestValidation"/>): the weights validated are those the epoch was scored with (the EMA's).
    /// </summary>
    private void RewriteBestValidation(RunLog log, string found, int bestEpoch, bool averaged)
    {
        Checkpoint best;
        try
        {
            best = Checkpoint.Read(_run.BestCheckpoint);
        }
        catch (CheckpointException ex)
        {
            Say(log, $"warning: {found}; best.ckpt cannot be read ({ex.Message}), so they stay");
            return;
        }

        if (best.Header.Epoch != bestEpoch)
        {
            Say(log, $"warning: {found}; best.ckpt holds epoch {best.Header.Epoch}, so they stay");
            return;
        }

        using var model = _task.CreateModel(initialWeights: false);
        var section = averaged && best.Sections.ContainsKey(EmaSection) ? EmaSection : ModelSection;
        ModuleState.Load(model, best.Section(section), "best weights");
        _task.WritePlots(_run.Path, _task.Validate(model), ModelSource.Checkpoint(_run.BestCheckpoint, bestEpoch));
        Say(log, $"{found}: rewritten from best.ckpt");
    }

    /// <summary>The first batches of epoch 1, as network inputs: the augmented images that training normalises.</summary>
    private IEnumerable<Tensor> CalibrationInputs(CancellationToken cancellation)
    {
        foreach (var batch in _task.TrainBatches(0, cancellation).Take(CalibrationBatches))
        {
            using (batch)
            {
                yield return _task.Inputs(batch);
            }
        }
    }

    private void Say(RunLog log, string message)
    {
        log.Write(message);
        _observer.OnMessage(message);
    }
}
