using Fracture.Core.Datasets;

namespace Fracture.Core.Tests.Datasets;

public sealed class YoloLabelParserTests
{
    [Fact]
    public void Box_row_is_read_as_centre_and_size()
    {
        var parsed = YoloLabelParser.Parse("2 0.5 0.4 0.2 0.1\n", classCount: 3);

        var instance = Assert.Single(parsed.Instances);
        Assert.Equal(2, instance.ClassId);
        Assert.Null(instance.Polygon);
        Assert.Equal(0.4, instance.Box.X1, 12);
        Assert.Equal(0.35, instance.Box.Y1, 12);
        Assert.Equal(0.6, instance.Box.X2, 12);
        Assert.Equal(0.45, instance.Box.Y2, 12);
        Assert.Equal(1, parsed.BoxRows);
        Assert.Empty(parsed.Issues);
    }

    [Fact]
    public void Polygon_row_gives_its_extent_as_the_box_and_its_own_area()
    {
        // Right triangle (0.1,0.1) (0.5,0.1) (0.1,0.3): extent 0.4 x 0.2, area 0.4*0.2/2 = 0.04.
        var parsed = YoloLabelParser.Parse("1 0.1 0.1 0.5 0.1 0.1 0.3", classCount: 2);

        var instance = Assert.Single(parsed.Instances);
        Assert.Equal(3, instance.Polygon!.Count);
        Assert.Equal(0.3, instance.Box.CenterX, 12);
        Assert.Equal(0.2, instance.Box.CenterY, 12);
        Assert.Equal(0.4, instance.Box.Width, 12);
        Assert.Equal(0.2, instance.Box.Height, 12);
        Assert.Equal(0.04, instance.Area, 12);
        Assert.Equal(1, parsed.PolygonRows);
    }

    [Theory]
    [InlineData("0 0.5 0.5 0.2", LabelIssueKind.Malformed)]
    [InlineData("0 0.1 0.1 0.5 0.1 0.1 0.3 0.2", LabelIssueKind.Malformed)]
    [InlineData("0 a 0.5 0.2 0.2", LabelIssueKind.Malformed)]
    [InlineData("0 NaN 0.5 0.2 0.2", LabelIssueKind.Malformed)]
    [InlineData("7 0.5 0.5 0.2 0.2", LabelIssueKind.BadClassId)]
    [InlineData("-1 0.5 0.5 0.2 0.2", LabelIssueKind.BadClassId)]
    [InlineData("1.5 0.5 0.5 0.2 0.2", LabelIssueKind.BadClassId)]
    [InlineData("0 0.5 0.5 0 0.2", LabelIssueKind.Degenerate)]
    [InlineData("0 0.1 0.1 0.2 0.2 0.3 0.3", LabelIssueKind.Degenerate)]
    [InlineData("0 0.1 0.1 0.1 0.1 0.1 0.1 0.2 0.2", LabelIssueKind.Degenerate)]
    [InlineData("0 245 130 40 30", LabelIssueKind.NotNormalized)]
    [InlineData("0 120 80 160 80 140 120", LabelIssueKind.NotNormalized)]
    [InlineData("0 0.5 0.5 0.2 0.2 0.9 -0.6", LabelIssueKind.NotNormalized)]
    public void Bad_rows_are_dropped_and_reported(string row, LabelIssueKind kind)
    {
        var parsed = YoloLabelParser.Parse($"{row}\n0 0.5 0.5 0.2 0.2\n", classCount: 2);

        Assert.Single(parsed.Instances);
        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(kind, issue.Kind);
        Assert.Equal(1, issue.Line);
    }

    [Fact]
    public void A_row_in_pixels_is_rejected_so_its_image_is_left_out()
    {
        var parsed = YoloLabelParser.Parse("0 0.5 0.5 0.2 0.2\n1 245 130 40 30\n", classCount: 2);

        Assert.Single(parsed.Instances);
        Assert.Equal(1, parsed.RejectedRows);
        Assert.Contains("pixels", Assert.Single(parsed.Issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_coordinates_are_clipped_kept_and_reported()
    {
        var parsed = YoloLabelParser.Parse("0 -0.1 0.2 0.5 0.2 0.5 1.2", classCount: 1);

        var instance = Assert.Single(parsed.Instances);
        Assert.Equal(LabelIssueKind.OutOfRange, Assert.Single(parsed.Issues).Kind);
        Assert.Equal(0, instance.Box.X1, 12);
        Assert.Equal(1, instance.Box.Y2, 12);
    }

    [Fact]
    public void Empty_and_blank_text_is_a_negative_without_issues()
    {
        Assert.Empty(YoloLabelParser.Parse(string.Empty, 3).Instances);
        var blank = YoloLabelParser.Parse("\n  \r\n", 3);
        Assert.Empty(blank.Instances);
        Assert.Empty(blank.Issues);
    }

    [Fact]
    public void Windows_line_endings_and_a_closing_vertex_are_accepted()
    {
        var parsed = YoloLabelParser.Parse("0 0.1 0.1 0.5 0.1 0.5 0.5 0.1 0.1\r\n", classCount: 1);

        var instance = Assert.Single(parsed.Instances);
        Assert.Equal(3, instance.Polygon!.Count);
        Assert.Empty(parsed.Issues);
    }

    [Fact]
    public void Bare_carriage_returns_end_lines()
    {
        // Split on '\n' alone, these three boxes were one 15-number row: a 7-vertex polygon.
        var parsed = YoloLabelParser.Parse("0 0.5 0.5 0.1 0.1\r0 0.2 0.2 0.1 0.1\r0 0.8 0.8 0.1 0.1", classCount: 1);

        Assert.Equal(3, parsed.BoxRows);
        Assert.Equal(0, parsed.PolygonRows);
        Assert.Equal(3, parsed.Instances.Count);
        Assert.Empty(parsed.Issues);
    }

    [Fact]
    public void Mixed_line_endings_number_lines_as_an_editor_does()
    {
        var parsed = YoloLabelParser.Parse("0 0.5 0.5 0.1 0.1\r\n0 0.2 0.2 0.1 0.1\r7 0.8 0.8 0.1 0.1\n", classCount: 1);

        Assert.Equal(3, Assert.Single(parsed.Issues).Line);
    }

    [Theory]
    [InlineData("0 0.5 0.5 0.2 0.2", "0 0.5 0.5 0.2 0.2")]
    [InlineData("0 0.5 0.5 0.2 0.2", "0 0.50 0.5 0.2 0.2")]
    [InlineData("0 0.5 0.5 0.2 0.2", "0.0 5e-1 0.5 0.2 0.20")]
    [InlineData("0 0.1 0.1 0.5 0.1 0.1 0.3", "0 0.10 0.1 0.5 0.1 0.1 0.30")]
    [InlineData("0 0 0.1 0.5 0.1 0.1 0.3", "0 -0.2 0.1 0.5 0.1 0.1 0.3")]
    public void Duplicate_rows_keep_one_copy_even_when_written_differently(string first, string second)
    {
        var parsed = YoloLabelParser.Parse($"{first}\n{second}\n", classCount: 1);

        Assert.Single(parsed.Instances);
        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(LabelIssueKind.Duplicate, issue.Kind);
        Assert.Equal(2, issue.Line);
    }

    [Fact]
    public void Rows_of_other_classes_or_shapes_are_not_duplicates()
    {
        var parsed = YoloLabelParser.Parse("0 0.5 0.5 0.2 0.2\n1 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2 0.3\n", classCount: 2);

        Assert.Equal(3, parsed.Instances.Count);
        Assert.Empty(parsed.Issues);
    }
}
