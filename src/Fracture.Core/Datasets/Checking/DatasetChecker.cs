using System.Diagnostics;

namespace Fracture.Core.Datasets.Checking;

/// <summary>
/// Runs `fracture dataset check`: reads every split's labels, decodes every image, and looks for leakage.
/// Reads only; never rewrites an image or a label.
/// </summary>
public static class DatasetChecker
{
    public static DatasetCheckReport Check(DataYaml yaml, DatasetProfile? profile, CheckOptions options, IProgress<WorkProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        profile?.Validate(yaml.Names);
        var classNames = profile?.Classes ?? yaml.Names;
        var splits = yaml.Splits.Keys.Select(s => YoloDataset.ReadSplit(yaml, s)).ToList();

        var all = splits.SelectMany(s => s.Items.Select(item => (Split: s.Name, Item: item))).ToList();
        var probes = new ImageProbe?[all.Count];
        if (options.DecodeImages)
        {
            var done = 0;
            Parallel.For(0, all.Count, i =>
            {
                probes[i] = ImageProbe.Run(all[i].Item.ImagePath, options.DecodeMaxSide, options.FindLeakage);
                var count = Interlocked.Increment(ref done);
                if (count % 50 == 0 || count == all.Count)
                {
                    progress?.Report(new WorkProgress("decoding images", count, all.Count));
                }
            });
        }

        LeakageAnalysis? leakage = null;
        if (options.DecodeImages && options.FindLeakage)
        {
            progress?.Report(new WorkProgress("comparing images", 0, 1));
            leakage = LeakageAnalysis.Run(all.Select(a => a.Split).ToList(), all.Select(a => a.Item.FileName).ToList(), probes, options.NearDuplicates);
            progress?.Report(new WorkProgress("comparing images", 1, 1));
        }

        var reports = new List<SplitCheckReport>();
        var offset = 0;
        foreach (var split in splits)
        {
            var splitProbes = probes.AsSpan(offset, split.Items.Count).ToArray();
            reports.Add(SplitReportBuilder.Build(split, splitProbes, profile, classNames, options.MaxExamples, leakage?.ForSplit(split.Name)));
            offset += split.Items.Count;
        }

        return new DatasetCheckReport(yaml.YamlPath, profile?.Name, classNames, reports, leakage?.Report, clock.Elapsed.TotalSeconds);
    }
}
