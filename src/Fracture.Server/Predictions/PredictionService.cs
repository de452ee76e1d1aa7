using System.Diagnostics;
using System.Security.Cryptography;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Server.Contracts;
using Fracture.Server.Errors;
using Fracture.Server.Inputs;
using Fracture.Server.Models;
using Fracture.Server.Options;
using Fracture.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fracture.Server.Predictions;

/// <summary>
/// Runs one prediction: decode the upload, run the requested models on it (the shared predictors, no locks), store
/// the image by content hash and the result in the database. Cancellation (request timeout, client gone) is
/// checked between steps and stops a model run in progress, and the result is stored only when <see cref="PredictionCommit.TryCommit"/> says the
/// request still waits for it, so a request that answered 504 stores nothing.
/// </summary>
public sealed class PredictionService(
    ModelCatalog catalog,
    UploadDecoder decoder,
    PredictionArchive archive,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<PredictionService> logger)
{
    /// <summary>As <see cref="Create(Upload, PredictionCommit)"/> for a caller that always takes the result (no request gives up on it).</summary>
    public Prediction Create(Upload upload, CancellationToken cancellationToken) => Create(upload, new PredictionCommit(cancellationToken));

    /// <exception cref="RequestProblemException">400 (no model for the task), 415/422 (the upload), 500 (a model failed).</exception>
    /// <exception cref="IOException">Storing failed; a full disk (<see cref="StorageFull"/>) answers 507.</exception>
    /// <exception cref="OperationCanceledException">The request was cancelled, or gave up before the result was stored.</exception>
    public Prediction Create(Upload upload, PredictionCommit commit)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(commit);
        var cancellationToken = commit.CancellationToken;
        var started = Stopwatch.GetTimestamp();
        var models = Select(catalog, upload.Task);
        var confidence = upload.Confidence ?? options.Value.DefaultConfidence;
        var flipFusion = upload.FlipFusion ?? options.Value.FlipFusion;
        var decoded = decoder.Decode(upload.Data, options.Value.MaxPixels, cancellationToken);
        var decodeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var runs = new List<ModelRun>(models.Count);
        foreach (var model in models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.Add(Run(model, decoded.Image, confidence, flipFusion, cancellationToken));
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(upload.Data));
        var id = Guid.NewGuid().ToString("N");
        var image = new PredictedImage(upload.FileName, UploadFormats.Name(decoded.Format), decoded.Image.Width, decoded.Image.Height, sha, upload.Data.LongLength);
        var created = TruncateToMilliseconds(time.GetUtcNow().UtcDateTime);
        var prediction = PredictionBuilder.Build(id, created, image, upload.Task, confidence, runs, decodeMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        // Nothing (image file included) is written for a request that has given up; once committed, it waits for this.
        if (!commit.TryCommit())
        {
            throw new OperationCanceledException("the request gave up before its prediction was stored", cancellationToken);
        }

        var (storedFormat, storedBytes) = Stored(upload, decoded);
        archive.Add(prediction, storedFormat, storedBytes);
        return prediction;
    }

    /// <summary>
    /// What is kept of the upload: its bytes, or for a DICOM (unless <see cref="ServerOptions.KeepDicomFiles"/>) the
    /// decoded image as PNG, without the patient data in the file's tags. The pixels are what a DICOM's stored image
    /// is read back as anyway, and the upload's hash still names the file.
    /// </summary>
    private (UploadFormat Format, byte[] Bytes) Stored(Upload upload, DecodedUpload decoded) =>
        decoded.Format == UploadFormat.Dicom && !options.Value.KeepDicomFiles
            ? (UploadFormat.Png, ImageEncoder.EncodePng(decoded.Image))
            : (decoded.Format, upload.Data);

    /// <summary>
    /// The models a task runs. <see cref="PredictionTask.All"/> runs the classifier and one box model: the segmenter
    /// when one is loaded (its findings are the detector's kind plus outlines, so running both would draw every fracture
    /// twice), else the detector.
    /// </summary>
    /// <exception cref="RequestProblemException">400: no model for the task is loaded.</exception>
    internal static List<LoadedModel> Select(ModelCatalog catalog, PredictionTask task)
    {
        if (task == PredictionTask.All)
        {
            var segmenter = catalog.For(ModelTask.Segment) is not null;
            return [.. catalog.Models.Where(m => !(segmenter && m.Task == ModelTask.Detect))];
        }

        var modelTask = task switch
        {
            PredictionTask.Classify => ModelTask.Classify,
            PredictionTask.Detect => ModelTask.Detect,
            _ => ModelTask.Segment,
        };
        var model = catalog.For(modelTask) ?? throw new RequestProblemException(
            StatusCodes.Status400BadRequest,
            "No model for this task",
            $"no {PredictionBuilder.TaskName(task)} model is loaded (loaded: {string.Join(", ", catalog.Models.Select(m => ModelMetadata.TaskName(m.Task)))})");
        return [model];
    }

    private ModelRun Run(LoadedModel model, DecodedImage image, double confidence, bool flipFusion, CancellationToken cancellationToken)
    {
        var settings = SettingsFor(model, confidence, flipFusion, options.Value.Iou);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = model.Predictor.Predict(image, settings, cancellationToken);
            return new ModelRun(model, result, Stopwatch.GetElapsedTime(started).TotalMilliseconds, settings.FlipFusion);
        }
        catch (Core.Imaging.ImageDecodeException e)
        {
            // The image decoded, but this model cannot take it (a sliver for a centre-cropping classifier): the upload's fault.
            throw new RequestProblemException(StatusCodes.Status422UnprocessableEntity, "Unsupported image", $"model {model.Id}: {e.Message.Replace("image data: ", string.Empty, StringComparison.Ordinal)}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            logger.LogError(e, "Model {Model} failed on a {Width}x{Height} image", model.Id, image.Width, image.Height);
            throw new RequestProblemException(
                StatusCodes.Status500InternalServerError, "Prediction failed", $"model {model.Id} failed on this image; the server log has the details", e);
        }
    }

    /// <summary>The decoding settings a request with <paramref name="confidence"/> runs <paramref name="model"/> with.</summary>
    /// <param name="iou">The suppression IoU of detectors and segmenters (<see cref="ServerOptions.Iou"/>).</param>
    internal static PredictSettings SettingsFor(LoadedModel model, double confidence, bool flipFusion, double iou)
    {
        // A classifier keeps its operating threshold (a call's confidence would replace it); detectors and
        // segmenters keep every box down to the lower of the request's bound and the threshold the verdict uses.
        return model.Task == ModelTask.Classify
            ? PredictSettings.Default
            : new PredictSettings(Confidence: Math.Min(confidence, model.Metadata.Threshold ?? confidence), Iou: iou, FlipFusion: flipFusion);
    }

    private static DateTime TruncateToMilliseconds(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
