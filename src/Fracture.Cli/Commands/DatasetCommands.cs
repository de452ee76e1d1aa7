using System.CommandLine;
using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Checking;
using Fracture.Core.Datasets.Similarity;
using Fracture.Core.Datasets.Splitting;
using Fracture.Core.IO;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture dataset ...`: check a YOLO dataset and make leakage-free splits.</summary>
internal static class DatasetCommands
{
    public static Command Create()
    {
        var dataset = new Command("dataset", "Inspect and split YOLO-format X-ray datasets.");
        dataset.Subcommands.Add(CreateCheck());
        dataset.Subcommands.Add(CreateSplit());
        return dataset;
    }

    internal static Option<FileInfo> DataOption() => new("--data")
    {
        Description = "Path to the dataset's data.yaml.",
        Required = true,
    };

    internal static Option<FileInfo?> ProfileOption() => new("--profile")
    {
        Description = "Class profile (JSON) that renames, merges or drops classes, e.g. profiles/bone-fracture-v4.json. Without it labels are read raw.",
    };

    internal static Option<int> HashBitsOption() => new("--hash-bits")
    {
        Description = "Near-duplicate candidates: largest distance (of 64 bits) between perceptual hashes.",
        DefaultValueFactory = _ => new NearDuplicateOptions().HashThreshold,
    };

    internal static Option<double> CorrelationOption() => new("--correlation")
    {
        Description = "Near-duplicate confirmation: smallest correlation (0..1) of the aligned thumbnails.",
        DefaultValueFactory = _ => new NearDuplicateOptions().CorrelationThreshold,
    };

    private static NearDuplicateOptions NearDuplicates(ParseResult parse, Option<int> bits, Option<double> correlation)
    {
        var options = new NearDuplicateOptions(parse.GetValue(bits), parse.GetValue(correlation));
        if (options.HashThreshold is < 0 or > 64 || !(options.CorrelationThreshold is > 0 and <= 1))
        {
            throw new DatasetException("--hash-bits must be 0..64 and --correlation in (0, 1]");
        }

        return options;
    }

    private static Command CreateCheck()
    {
        var data = DataOption();
        var profile = ProfileOption();
        var json = new Option<FileInfo?>("--json") { Description = "Also write the full report as JSON to this file." };
        var noImages = new Option<bool>("--no-images") { Description = "Skip decoding images (no corrupt-image or leakage checks)." };
        var noLeakage = new Option<bool>("--no-leakage") { Description = "Skip the near-duplicate search across and within splits." };
        var bits = HashBitsOption();
        var correlation = CorrelationOption();
        var inputSize = new Option<int>("--imgsz")
        {
            Description = "Input size (pixels) at which the box-size table gives box sides.",
            DefaultValueFactory = _ => 320,
        };
        var command = new Command("check", "Count images, labels and instances per split; find malformed labels, corrupt images and leakage between splits.")
        {
            data, profile, json, noImages, noLeakage, bits, correlation, inputSize,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            if (parse.GetValue(inputSize) is < 32 or > 4096)
            {
                throw new DatasetException("--imgsz must be 32 to 4096 pixels");
            }

            var yaml = DataYamlReader.Read(parse.GetValue(data)!.FullName);
            var classProfile = parse.GetValue(profile) is { } p ? DatasetProfile.Load(p.FullName) : null;
            if (parse.GetValue(json) is { } output)
            {
                DatasetInputs(yaml, parse.GetValue(profile)).RefuseOutput("--json", output.FullName, "the report", "write it to another file");
            }

            var options = new CheckOptions(DecodeImages: !parse.GetValue(noImages), FindLeakage: !parse.GetValue(noLeakage))
            {
                NearDuplicates = NearDuplicates(parse, bits, correlation),
            };
            var report = ProgressReporter.Run("check", progress => DatasetChecker.Check(yaml, classProfile, options, progress));
            DatasetReportPrinter.Print(yaml, report, parse.GetValue(inputSize));
            if (parse.GetValue(json) is { } jsonFile)
            {
                DatasetCheckJson.Write(report, jsonFile.FullName);
                AnsiConsole.MarkupLine($"report written to [bold]{Markup.Escape(jsonFile.FullName)}[/]");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateSplit()
    {
        var data = DataOption();
        var profile = ProfileOption();
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the new data.yaml, file lists and groups.csv.", Required = true };
        var fractions = new Option<string>("--fractions") { Description = "Train/val/test fractions.", DefaultValueFactory = _ => "0.8,0.1,0.1" };
        var seed = new Option<int>("--seed") { Description = "Seed for the group shuffle.", DefaultValueFactory = _ => 0 };
        var noStems = new Option<bool>("--no-stem-groups") { Description = "Group by image content only, not by Roboflow file stem." };
        var bits = HashBitsOption();
        var correlation = CorrelationOption();
        var command = new Command("split", "Write a leakage-free train/val/test split: near-identical images (augmented copies of one X-ray) stay in one split.")
        {
            data, profile, output, fractions, seed, noStems, bits, correlation,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var yaml = DataYamlReader.Read(parse.GetValue(data)!.FullName);
            var classProfile = parse.GetValue(profile) is { } p ? DatasetProfile.Load(p.FullName) : null;
            foreach (var missing in yaml.MissingSplits.Values)
            {
                CommandRunner.WriteWarning($"{missing}; its images are not in the new split");
            }

            var parts = ParseFractions(parse.GetValue(fractions)!);
            var inputs = DatasetInputs(yaml, parse.GetValue(profile));
            foreach (var name in SplitWriter.Outputs)
            {
                inputs.RefuseOutput($"--out's {name}", Path.Combine(parse.GetValue(output)!.FullName, name), "the split", "write the split to another folder");
            }

            var options = new SplitOptions(parts[0], parts[1], parts[2], parse.GetValue(seed), GroupByStem: !parse.GetValue(noStems))
            {
                NearDuplicates = NearDuplicates(parse, bits, correlation),
            };
            var plan = ProgressReporter.Run("split", progress => DatasetSplitter.Plan(yaml, classProfile, options, progress));
            var yamlPath = SplitWriter.Write(plan, yaml, parse.GetValue(output)!.FullName);
            DatasetReportPrinter.PrintSplit(plan);
            foreach (var empty in new[] { SplitNames.Train, SplitNames.Val }.Where(split => !plan.In(split).Any()))
            {
                // Few groups and a small share: written as asked, but training on it would stop at the empty split.
                CommandRunner.WriteWarning($"split '{empty}' got no image ({plan.Groups} groups to share out); training needs it: give it a larger fraction");
            }

            AnsiConsole.MarkupLine($"written [bold]{Markup.Escape(yamlPath)}[/]");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>What `dataset check` and `split` read: the data.yaml, the profile, and every split's files.</summary>
    private static InputFiles DatasetInputs(DataYaml yaml, FileInfo? profile) =>
        new InputFiles().AddOption("--data", yaml.YamlPath).AddOption("--profile", profile?.FullName).AddDataset(yaml);

    private static double[] ParseFractions(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[3];
        if (parts.Length != 3 || parts.Where((p, i) => !double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i])).Any())
        {
            throw new DatasetException($"--fractions must be three numbers like 0.8,0.1,0.1 (got '{text}')");
        }

        return values;
    }
}
