using Fracture.Core.IO;
using Fracture.Inference;
using Fracture.Server.Options;

namespace Fracture.Cli.Predict;

/// <summary>Everything `fracture predict` was asked to do, checked (<see cref="Validate"/>) before any work.</summary>
internal sealed record PredictRequest
{
    /// <summary>The most images in one batch, as `val` allows.</summary>
    public const int MaxBatch = 1024;

    public required string Model { get; init; }

    public required string Source { get; init; }

    public bool Recursive { get; init; }

    public PredictSettings Settings { get; init; } = new();

    /// <summary>Whether --iou was given (not its default): a model with NMS inside then gets a note that it does not apply.</summary>
    public bool IouGiven { get; init; }

    public PredictorOptions PredictorOptions { get; init; } = new();

    public int Batch { get; init; } = 1;

    public string? SaveFolder { get; init; }

    public string? JsonPath { get; init; }

    public string? CsvPath { get; init; }

    /// <exception cref="PredictInputException">An option is out of range.</exception>
    public void Validate()
    {
        // Written as "not inside" so NaN fails too.
        if (Settings.Confidence is { } conf && !(conf >= 0 && conf <= 1))
        {
            throw new PredictInputException($"--conf must be in 0..1 (got {Settings.Confidence})");
        }

        if (!(Settings.Iou >= 0 && Settings.Iou <= 1))
        {
            throw new PredictInputException($"--iou must be in 0..1 (got {Settings.Iou})");
        }

        if (Settings.MaxDetections < 1 || Batch < 1)
        {
            throw new PredictInputException($"--max-det and --batch must be at least 1 (got {Settings.MaxDetections}, {Batch})");
        }

        if (Batch > MaxBatch)
        {
            // A batch's images are held decoded at full size: 1024 X-rays of 4000 x 3000 are already 37 GB.
            throw new PredictInputException($"--batch must be at most {MaxBatch}, not {Batch}");
        }

        if (PredictorOptions.IntraOpThreads < 0)
        {
            throw new PredictInputException($"--threads must be 0 (ONNX Runtime chooses) or more (got {PredictorOptions.IntraOpThreads})");
        }

        if (PredictorOptions.IntraOpThreads > ServerOptions.MaxIntraOpThreads)
        {
            // bench predict's and the server's cap: 1000 threads on 2 cores spent minutes switching between them.
            throw new PredictInputException($"--threads must be at most {ServerOptions.MaxIntraOpThreads} (got {PredictorOptions.IntraOpThreads})");
        }

        // Checked before any prediction, so a long run does not end in an output it cannot write.
        if (JsonPath is not null && CsvPath is not null && string.Equals(Path.GetFullPath(JsonPath), Path.GetFullPath(CsvPath), StringComparison.Ordinal))
        {
            throw new PredictInputException($"--json and --csv name the same file ({JsonPath}): the CSV would replace the JSON");
        }

        foreach (var (option, path) in new[] { ("--json", JsonPath), ("--csv", CsvPath) })
        {
            if (path is not null)
            {
                RequireWritableFile(option, path);
            }
        }

        if (SaveFolder is not null)
        {
            foreach (var (option, path) in new[] { ("--json", JsonPath), ("--csv", CsvPath) })
            {
                // Checked while neither exists yet: the folder made below would end the run unable to write the file.
                if (path is not null && string.Equals(Path.GetFullPath(path), Path.GetFullPath(SaveFolder), StringComparison.Ordinal))
                {
                    throw new PredictInputException($"--save and {option} name the same path ({path}): give the file another name, or put it inside the folder");
                }
            }

            if (File.Exists(SaveFolder))
            {
                throw new PredictInputException($"--save {SaveFolder} is a file; give a folder (it is created when missing)");
            }

            // The probe file's folder is the save folder itself, created here as the run would create it.
            RequireWritableFile("--save", Path.Combine(SaveFolder, "annotated.png"));
        }
    }

    /// <summary>
    /// Refuses a --json or --csv that is the model or one of the source images (links followed): the predictions would
    /// replace it. Checked once the sources are listed, before the model is opened.
    /// </summary>
    /// <exception cref="Core.FractureException">An output is an input.</exception>
    public void RefuseOverwritingInputs(ImageSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var inputs = new InputFiles().AddOption("--model", Model);
        foreach (var file in sources.Files)
        {
            inputs.Add(file, "a --source image");
        }

        inputs.RefuseOutput("--json", JsonPath, "the predictions");
        inputs.RefuseOutput("--csv", CsvPath, "the predictions");
    }

    private static void RequireWritableFile(string option, string path)
    {
        if (Directory.Exists(path))
        {
            throw new PredictInputException($"{option} {path} is a folder; give a file name");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var probe = Path.Combine(folder, $".fracture-write-check-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PredictInputException($"{option} {path} cannot be written: {e.Message}");
        }
    }
}
