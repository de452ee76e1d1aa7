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
                    examples.Add(new LabelProblem(Path.GetFileName(item.LabelPath), issue.Line, issue.Kind, issue.Message));
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
            Corrupt: [.. probes.Where(p => p?.Corrupt is not null).Select(p => p!.Corrupt!)],
            Truncated: [.. probes.Where(p => p?.Truncated is not null).Select(p => p!.Truncated!)],
            OrphanLabels: [.. split.OrphanLabels.Select(Path.GetFileName).OfType<string>()],
            Sizes: ImageSizeSummary.From(decoded),
            Leakage: leakage);
    }
}
