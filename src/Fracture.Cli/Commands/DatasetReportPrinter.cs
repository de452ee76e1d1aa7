using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Checking;
using Fracture.Core.Datasets.Splitting;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>Prints dataset reports as Spectre tables.</summary>
internal static class DatasetReportPrinter
{
    /// <summary>Problem files and leak pairs listed on the console; the JSON report has every one.</summary>
    private const int MaxListed = 10;

    public static void Print(DataYaml yaml, DatasetCheckReport report, int inputSize)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.YamlPath)}[/]  profile: {Markup.Escape(report.Profile ?? "none (raw labels)")}");
        foreach (var source in yaml.Splits.Values)
        {
            AnsiConsole.MarkupLine($"  {source.Split}: {Markup.Escape(source.Note)}");
        }

        foreach (var missing in yaml.MissingSplits.Values)
        {
            CommandRunner.WriteWarning($"{missing}; that split is not checked");
        }

        var splits = new Table().Title("Splits").AddColumns("split", "images", "label files", "non-empty", "negatives", "instances", "box rows", "polygon rows", "corrupt", "truncated", "label issues", "long side min/median/max");
        foreach (var s in report.Splits)
        {
            splits.AddRow(s.Split, N(s.Images), N(s.LabelFiles), N(s.NonEmpty), N(s.Negatives), N(s.Instances), N(s.BoxRows), N(s.PolygonRows),
                Flag(s.Corrupt.Count), Flag(s.Truncated.Count), Flag(s.IssueCounts.Values.Sum()), LongSides(s.Sizes));
        }

        AnsiConsole.Write(splits);

        var classes = new Table().Title("Instances per class").AddColumn("class");
        foreach (var s in report.Splits)
        {
            classes.AddColumn(s.Split);
        }

        foreach (var name in report.ClassNames.Distinct())
        {
            classes.AddRow([Markup.Escape(name), .. report.Splits.Select(s => N(s.InstancesPerClass[name]))]);
        }

        AnsiConsole.Write(classes);
        PrintBoxSizes(report, inputSize);
        PrintProblems(report);
        PrintLeakage(report);
        AnsiConsole.MarkupLine($"checked in {report.Seconds:0.0} s");
    }

    public static void PrintSplit(SplitPlan plan)
    {
        var table = new Table().Title($"Leakage-free split ({plan.Groups} groups, {plan.ContentLinks} content links)").AddColumns("split", "images", "negatives", "with fracture", "from train", "from val", "from test");
        foreach (var split in SplitNames.All)
        {
            var rows = plan.In(split).ToList();
            table.AddRow(split, N(rows.Count), N(rows.Count(r => r.Label < 0)), N(rows.Count(r => r.Label >= 0)),
                N(rows.Count(r => r.OriginalSplit == SplitNames.Train)), N(rows.Count(r => r.OriginalSplit == SplitNames.Val)), N(rows.Count(r => r.OriginalSplit == SplitNames.Test)));
        }

        AnsiConsole.Write(table);
        foreach (var path in plan.Unreadable)
        {
            CommandRunner.WriteWarning($"left out (cannot decode): {path}");
        }
    }

    // No decoded image (--no-images, or every image corrupt): sizes are unknown, not 0 px.
    private static string LongSides(ImageSizeSummary sizes) =>
        sizes.MaxLongSide == 0 ? "-" : $"{sizes.MinLongSide}/{sizes.MedianLongSide}/{sizes.MaxLongSide}";

    private static void PrintBoxSizes(DatasetCheckReport report, int inputSize)
    {
        if (report.Splits.All(s => s.BoxSizesPerClass.Values.All(b => b.Count == 0)))
        {
            return; // images not decoded: sizes unknown
        }

        var small = BoxSizeSummary.SmallSide * inputSize;
        var table = new Table()
            .Title($"Box side in px at a {inputSize}-px input: median (quartiles), share < {small:0.#} px")
            .AddColumn("class");
        foreach (var s in report.Splits)
        {
            table.AddColumn(s.Split);
        }

        foreach (var name in report.ClassNames.Distinct())
        {
            table.AddRow([Markup.Escape(name), .. report.Splits.Select(s => Size(s.BoxSizesPerClass[name], inputSize))]);
        }

        AnsiConsole.Write(table);
    }

    private static string Size(BoxSizeSummary size, int inputSize) => size.Count == 0
        ? "-"
        : string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{size.Median * inputSize:0} ({size.P25 * inputSize:0}-{size.P75 * inputSize:0}), {size.SmallShare:P0}");

    private static void PrintProblems(DatasetCheckReport report)
    {
        foreach (var s in report.Splits)
        {
            var issues = s.IssueCounts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}: {kv.Value}").ToList();
            if (issues.Count > 0)
            {
                AnsiConsole.MarkupLine($"[yellow]{s.Split} label rows with problems[/] ({Markup.Escape(string.Join(", ", issues))}); first: {Markup.Escape(s.IssueExamples[0].LabelFile)}: {Markup.Escape(s.IssueExamples[0].Message)}");
            }

            if (s.ExcludedImages > 0)
            {
                AnsiConsole.MarkupLine($"[yellow]{s.Split}: {s.ExcludedImages} images with a rejected label row[/] are not negatives; training, `val` and `eval` leave them out, as Ultralytics skips them as corrupt, and so do the instance counts above");
            }

            if (s.UndecodedImages > 0)
            {
                AnsiConsole.MarkupLine($"[yellow]{s.Split}: {s.UndecodedImages} images that do not decode whole[/] (corrupt or truncated, below) are not negatives; training and `val` leave them out, and so do the counts above");
            }

            if (s.ExcludedInstances > 0)
            {
                AnsiConsole.MarkupLine($"{s.Split}: {s.ExcludedInstances} valid instances on images left out are in no count above");
            }

            foreach (var problem in s.Corrupt.Concat(s.Truncated).Take(MaxListed))
            {
                AnsiConsole.MarkupLine($"[yellow]{s.Split} {problem.Kind}[/]: {Markup.Escape(problem.Image)}: {Markup.Escape(problem.Message)}");
            }

            PrintUnlisted(s.Corrupt.Count + s.Truncated.Count, $"{s.Split} images that do not decode whole");

            if (s.OrphanLabels.Count > 0)
            {
                AnsiConsole.MarkupLine($"[yellow]{s.Split}: {s.OrphanLabels.Count} label files without an image[/], e.g. {Markup.Escape(s.OrphanLabels[0])}");
            }

            if (s.DroppedByProfile > 0)
            {
                AnsiConsole.MarkupLine($"{s.Split}: {s.DroppedByProfile} instances dropped by the profile");
            }
        }
    }

    private static void PrintLeakage(DatasetCheckReport report)
    {
        if (report.Leakage is not { } leakage)
        {
            return;
        }

        var table = new Table().Title("Near-identical images (by content)").AddColumns("split", "copies in other splits", "groups inside", "of them one stem", "images in groups", "largest group");
        foreach (var s in report.Splits.Where(s => s.Leakage is not null))
        {
            var l = s.Leakage!;
            table.AddRow(s.Split, Markup.Escape(string.Join(", ", l.ImagesWithCopyIn.Select(kv => $"{kv.Key}: {kv.Value}"))), N(l.DuplicateGroups), N(l.GroupsWithOneStem), N(l.ImagesInDuplicateGroups), N(l.LargestGroup));
        }

        AnsiConsole.Write(table);
        foreach (var stems in leakage.Stems)
        {
            AnsiConsole.MarkupLine($"{stems.SplitA}/{stems.SplitB}: {stems.SharedStems} file stems shared, {stems.SharedStemsWithNearIdenticalImages} of them with near-identical images");
        }

        foreach (var pair in leakage.CrossSplitPairs.Take(MaxListed))
        {
            AnsiConsole.MarkupLine($"[yellow]leak[/] {pair.SplitA}/{Markup.Escape(pair.ImageA)} ~ {pair.SplitB}/{Markup.Escape(pair.ImageB)} ({pair.Distance} bits)");
        }

        PrintUnlisted(leakage.CrossSplitPairs.Count, "near-identical pairs across splits");

        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(leakage.Method)}[/]");
    }

    /// <summary>Says how many a capped list left out, so a console reader does not take the first few for all.</summary>
    private static void PrintUnlisted(int total, string what)
    {
        if (total > MaxListed)
        {
            AnsiConsole.MarkupLine($"... and {N(total - MaxListed)} more {Markup.Escape(what)} (--json lists all {N(total)})");
        }
    }

    private static string N(int value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Flag(int value) => value == 0 ? "0" : $"[yellow]{value}[/]";
}
