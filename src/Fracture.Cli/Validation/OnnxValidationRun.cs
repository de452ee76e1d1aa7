using Fracture.Core;
using Fracture.Core.Datasets;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Training.Data;
using Fracture.Training.Engine;

namespace Fracture.Cli.Validation;

/// <summary>
/// `val classify|detect --model`: an ONNX file (through ONNX Runtime, never TorchSharp) and the dataset to score it on,
/// checked to agree as a checkpoint is (<see cref="TrainedWeights"/>): the file's task, and its class names (from its
/// metadata) against the task's class list for the dataset and profile. The file does not name its dataset, so
/// <c>--data</c> is required.
/// </summary>
internal sealed class OnnxValidationRun : IDisposable
{
    private readonly List<string> _skipped = [];

    private OnnxValidationRun(string model, IPredictor predictor, DataYaml yaml, DatasetProfile? profile, IReadOnlyList<string> classNames)
    {
        Model = model;
        Predictor = predictor;
        Yaml = yaml;
        Profile = profile;
        ClassNames = classNames;
    }

    /// <summary>The ONNX file, as given.</summary>
    public string Model { get; }

    public IPredictor Predictor { get; }

    public DataYaml Yaml { get; }

    public DatasetProfile? Profile { get; }

    /// <summary>The task's class list for the dataset and profile (equal to the file's).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// "path: reason" for each image of the split left out: not decodable, or with a rejected label row (as TorchSharp
    /// validation leaves them out).
    /// </summary>
    public IReadOnlyList<string> Skipped => _skipped;

    /// <param name="classNames">The task's class list for a dataset and profile, to compare with the file's.</param>
    /// <exception cref="FractureException">Not a readable model of this task, an unreadable dataset, or class lists that differ.</exception>
    public static OnnxValidationRun Open(string model, ModelTask task, string data, string? profile, Func<DataYaml, DatasetProfile?, IReadOnlyList<string>> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        return With(model, Inference.Predictor.Open(model), task, data, profile, classNames);
    }

    /// <summary>As <see cref="Open"/> with the predictor given (tests stand in for ONNX Runtime); it is disposed with the run, or here when refused.</summary>
    internal static OnnxValidationRun With(string model, IPredictor predictor, ModelTask task, string data, string? profile, Func<DataYaml, DatasetProfile?, IReadOnlyList<string>> classNames)
    {
        try
        {
            var metadata = predictor.Metadata;
            if (metadata.Task != task)
            {
                throw new FractureException(TrainedWeights.WrongTask(model, ModelMetadata.TaskName(metadata.Task), ModelMetadata.TaskName(task)));
            }

            var yaml = DataYamlReader.Read(data);
            var classProfile = DatasetProfile.LoadFor(yaml, profile);
            var names = classNames(yaml, classProfile);
            TrainedWeights.CheckClassNames(metadata.Names, names, classNames(yaml, null));
            return new OnnxValidationRun(model, predictor, yaml, classProfile, names);
        }
        catch
        {
            predictor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every image of <paramref name="split"/> that decodes, with the model's prediction, in split order,
    /// <paramref name="batch"/> images per <see cref="IPredictor.PredictBatch"/>. Images are decoded as TorchSharp
    /// validation caches them (grey, shrunk while decoding to the model's input side, <see cref="ImageCache"/>), so both
    /// runtimes are given the same pixels and differ only in the arithmetic.
    /// </summary>
    public IReadOnlyList<OnnxPrediction> Predict(string split, int batch, PredictSettings settings, IProgress<WorkProgress>? progress)
    {
        if (batch < 1)
        {
            throw new FractureException($"--batch must be at least 1, not {batch}");
        }

        var items = SplitSample.Items(Yaml, SplitNames.Normalize(split), limit: null, seed: 0, _skipped);
        // Truncated files are left out, as training's cache leaves them out.
        var decoding = new DecodeOptions(PixelFormat.Gray8, MaxSide: Math.Max(Predictor.Metadata.InputWidth, Predictor.Metadata.InputHeight), AllowTruncated: false);
        var result = new List<OnnxPrediction>(items.Count);
        for (var start = 0; start < items.Count; start += batch)
        {
            var count = Math.Min(batch, items.Count - start);
            var images = new DecodedImage?[count];
            var errors = new string?[count];
            Parallel.For(0, count, k =>
            {
                try
                {
                    images[k] = ImageDecoder.Decode(items[start + k].ImagePath, decoding);
                }
                catch (ImageDecodeException ex)
                {
                    errors[k] = $"{items[start + k].ImagePath}: not decodable ({ex.Message})";
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Unreadable (permissions, a vanished file): left out like an undecodable one, not a crash.
                    errors[k] = $"{items[start + k].ImagePath}: not readable ({ex.Message})";
                }
            });
            _skipped.AddRange(errors.OfType<string>());
            var decoded = Enumerable.Range(0, count).Where(k => images[k] is not null).ToArray();
            // An image the model refuses (NaN outputs) is left out and named, as `predict` leaves it out.
            var predictions = Predictor.PredictEach(
                [.. decoded.Select(k => images[k]!)], settings, (i, error) => _skipped.Add($"{items[start + decoded[i]].ImagePath}: the model could not predict it ({error.Message})"));
            result.AddRange(decoded.Select((k, i) => (k, i)).Where(p => predictions[p.i] is not null).Select(p => new OnnxPrediction(items[start + p.k], predictions[p.i]!)));
            progress?.Report(new WorkProgress("predicting", start + count, items.Count));
        }

        // Every image refused by the model says more about the model than the images: fail as one error.
        if (result.Count == 0 && _skipped.Count > 0 && items.Count > 0)
        {
            throw new FractureException($"no image of split {split} could be predicted; the first: {_skipped[0]}");
        }

        return result;
    }

    public void Dispose() => Predictor.Dispose();
}
