namespace Fracture.Core.Datasets.Checking;

/// <summary>Counts what one split holds: label files, instances by class, label problems, image problems.</summary>
internal static class SplitReportBuilder
{
    public static SplitCheckReport Build(
        DatasetSplit split,
        IReadOnlyList<ImageProbe?> probes,
        DatasetProfile? profile,
        IReadOnlyList<string> classNames,
        int maxExamples,
        SplitLeakage? leakage)
    {
        var perClass = classNames.Distinct(StringComparer.Ordinal).ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        var sizes = perClass.Keys.ToDictionary(n => n, _ => new List<double>(), StringComparer.Ordinal);
        var issueCounts = Enum.GetValues<LabelIssueKind>().ToDictionary(k => k, _ => 0);
        var examples = new List<LabelProblem>();
        var (imageFolders, labelFolders) = Folders(split.Source);
        int labelFiles = 0, nonEmpty = 0, negatives = 0, undecoded = 0, instances = 0, excludedInstances = 0, boxRows = 0, polygonRows = 0, dropped = 0;
        for (var index = 0; index < split.Items.Count; index++)
        {
            var item = split.Items[index];
            var probe = probes[index];

            // Training's image cache leaves out a file that does not decode whole: it is no negative, and its boxes are
            // not learnt, so the counts below leave it out as they leave out an image with a rejected row.
            var leftOut = item.HasRejectedRows || probe is { Corrupt: not null } or { Truncated: not null };
            if (leftOut && !item.HasRejectedRows)
            {
                undecoded++;
            }

            if (item.LabelPath is null)
            {
                negatives += leftOut ? 0 : 1;
                continue;
            }

            labelFiles++;
            boxRows += item.Labels.BoxRows;
            polygonRows += item.Labels.PolygonRows;
            foreach (var issue in item.Labels.Issues)
            {
                issueCounts[issue.Kind]++;
                if (examples.Count < maxExamples)
                {
                    examples.Add(new LabelProblem(Shown(item.LabelPath, labelFolders), issue.Line, issue.Kind, issue.Message));
                }
            }

            var kept = profile is null ? item.Labels.Instances : profile.Apply(item.Labels.Instances);
            dropped += item.Labels.Instances.Count - kept.Count;
            if (kept.Count > 0)
            {
                nonEmpty++;
            }
            else if (!leftOut)
            {
                negatives++;
            }

            // A left-out image's good rows are never trained on or scored: counted apart, so the per-class figures
            // are what training and validation see.
            if (leftOut)
            {
                excludedInstances += kept.Count;
                continue;
            }

            instances += kept.Count;

            // Sizes need the image's pixel size: boxes on images not decoded (--no-images) are counted, not measured.
            foreach (var instance in kept)
            {
                var name = classNames[instance.ClassId];
                perClass[name]++;
                if (probe is { Corrupt: null, Width: > 0, Height: > 0 })
                {
                    sizes[name].Add(BoxSizeSummary.RelativeSize(instance.Box, probe.Width, probe.Height));
                }
            }
        }

        var decoded = probes.Where(p => p is { Corrupt: null }).Select(p => (p!.Width, p.Height)).ToList();
        return new SplitCheckReport(
            split.Name,
            split.Source,
            Images: split.Items.Count,
            LabelFiles: labelFiles,
            MissingLabelFiles: split.Items.Count - labelFiles,
            EmptyLabelFiles: labelFiles - nonEmpty,
            NonEmpty: nonEmpty,
            Negatives: negatives,
            ExcludedImages: split.Excluded.Count,
            UndecodedImages: undecoded,
            ExcludedInstances: excludedInstances,
            Instances: instances,
            InstancesPerClass: perClass,
            BoxSizesPerClass: sizes.ToDictionary(kv => kv.Key, kv => BoxSizeSummary.From(kv.Value), StringComparer.Ordinal),
            BoxRows: boxRows,
            PolygonRows: polygonRows,
            DroppedByProfile: dropped,
            IssueCounts: issueCounts,
            IssueExamples: examples,
            Corrupt: [.. Problems(split, probes, p => p.Corrupt, imageFolders)],
            Truncated: [.. Problems(split, probes, p => p.Truncated, imageFolders)],
            OrphanLabels: [.. split.OrphanLabels.Select(l => Shown(l, labelFolders))],
            Sizes: ImageSizeSummary.From(decoded),
            Leakage: leakage);
    }

    private static IEnumerable<ImageProblem> Problems(DatasetSplit split, IReadOnlyList<ImageProbe?> probes, Func<ImageProbe, ImageProblem?> kind, IReadOnlyList<string> folders) =>
        probes.Select((probe, i) => probe is null || kind(probe) is not { } problem ? null : problem with { Image = Shown(split.Items[i].ImagePath, folders) })
            .OfType<ImageProblem>();

    /// <summary>The folders the split's images are named from (its folders, or its list files' folders), and their label folders.</summary>
    private static (IReadOnlyList<string> Images, IReadOnlyList<string> Labels) Folders(SplitSource source)
    {
        var images = source.Resolved.Select(r => Directory.Exists(r) ? r : Path.GetDirectoryName(r)!).ToList();
        return (images, [.. images.Select(f => Path.GetDirectoryName(YoloDataset.LabelPathFor(Path.Combine(f, "x.jpg")))!)]);
    }

    /// <summary>
    /// A file as the report names it: its path under the first of the folders that holds it ("p2/img1.jpg"), else the
    /// whole path. A file name alone did not say which of two patients' "img1.jpg" was meant.
    /// </summary>
    private static string Shown(string path, IReadOnlyList<string> folders)
    {
        foreach (var folder in folders)
        {
            var relative = Path.GetRelativePath(folder, path);
            if (relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative;
            }
        }

        return path;
    }
}
