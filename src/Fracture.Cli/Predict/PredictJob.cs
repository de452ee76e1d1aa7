using Fracture.Core;
using Fracture.Core.Imaging;
using Fracture.Core.IO;
using Fracture.Inference;
using Fracture.Inference.Rendering;

namespace Fracture.Cli.Predict;

/// <summary>
/// Runs a predictor over a list of image files in batches: decodes each batch in parallel, predicts, and with a save
/// folder writes each annotated PNG. A file that cannot be decoded, or that the model refuses, is recorded in
/// <see cref="PredictOutcome.Skipped"/> with its reason and the rest go on; an annotated PNG that cannot be written
/// stops the drawing (<see cref="PredictOutcome.SaveFailure"/>) but not the predictions; anything else (a bug) stops
/// the run. Truncated files are skipped rather than predicted half grey.
/// </summary>
internal sealed class PredictJob(IPredictor predictor, PredictRequest request)
{
    private static readonly DecodeOptions Decoding = new(AllowTruncated: false);

    public PredictOutcome Run(ImageSources sources, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var files = sources.Files;
        var saveTo = request.SaveFolder is { } folder ? SaveNames.Plan(files, folder) : null;
        // --conf replaces the model's threshold in the fracture call (ClassifyPredictor), so the banner shows that one.
        var render = new RenderOptions { Threshold = request.Settings.Confidence ?? predictor.Metadata.Threshold };
        var predicted = new List<PredictedImage>(files.Count);
        var skipped = new List<SkippedInput>();
        string? saveFailure = null;
        for (var start = 0; start < files.Count; start += request.Batch)
        {
            var count = Math.Min(request.Batch, files.Count - start);
            var decoded = Decode(files, start, count, skipped);
            var ready = Enumerable.Range(start, count).Where(i => decoded[i - start] is not null).ToList();
            var predictions = Predict([.. ready.Select(i => decoded[i - start]!)], ready.Select(i => files[i]).ToList(), skipped);
            for (var k = 0; k < ready.Count; k++)
            {
                if (predictions[k] is not { } prediction)
                {
                    continue;
                }

                var i = ready[k];
                string? saved = null;
                if (saveTo is not null && saveFailure is null)
                {
                    try
                    {
                        AtomicFile.WriteAllBytes(saveTo[i], SaveNames.Marked(PredictionRenderer.RenderPng(decoded[i - start]!, prediction, render)));
                        saved = saveTo[i];
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // A full disk or a lost folder fails every later PNG too: stop drawing, keep predicting, so
                        // the JSON and CSV still hold every prediction.
                        saveFailure = $"{saveTo[i]}: {e.Message}";
                    }
                }

                predicted.Add(new PredictedImage(files[i], prediction, saved));
            }

            progress?.Report(new WorkProgress("images", start + count, files.Count));
        }

        // Skips come in per batch (decode first, then prediction); report them in source order.
        var order = files.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        return new PredictOutcome(predicted, [.. skipped.OrderBy(s => order[s.Path])], sources.Ignored, sources.EarlierOutputs, saveFailure);
    }

    private static DecodedImage?[] Decode(IReadOnlyList<string> files, int start, int count, List<SkippedInput> skipped)
    {
        var images = new DecodedImage?[count];
        var reasons = new string?[count];
        Parallel.For(0, count, k =>
        {
            try
            {
                images[k] = InputDecoder.Decode(files[start + k], Decoding);
            }
            catch (Exception ex) when (ex is FractureException or IOException or UnauthorizedAccessException)
            {
                reasons[k] = Reason(files[start + k], ex);
            }
        });
        for (var k = 0; k < count; k++)
        {
            if (reasons[k] is { } reason)
            {
                skipped.Add(new SkippedInput(files[start + k], reason));
            }
        }

        return images;
    }

    /// <summary>Predicts a batch; an image the model refuses is skipped alone (<see cref="PredictorExtensions.PredictEach"/>).</summary>
    private ImagePrediction?[] Predict(IReadOnlyList<DecodedImage> images, IReadOnlyList<string> paths, List<SkippedInput> skipped) =>
        predictor.PredictEach(images, request.Settings, (k, error) => skipped.Add(new SkippedInput(paths[k], Reason(paths[k], error))));

    // Decoder messages start with the file name; the report already shows the path.
    private static string Reason(string path, Exception ex)
    {
        var prefix = Path.GetFileName(path) + ": ";
        var message = ex.Message.ReplaceLineEndings(" ");
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }
}
