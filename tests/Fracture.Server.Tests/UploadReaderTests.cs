using System.Globalization;
using Fracture.Server.Predictions;

namespace Fracture.Server.Tests;

/// <summary>The client's file name as kept for display.</summary>
public sealed class UploadReaderTests
{
    [Theory]
    [InlineData("\U0001F600", 200)] // a surrogate pair each: 255 units would end inside one
    [InlineData("\U0001F469\u200D\U0001F4BB", 100)] // a ZWJ sequence of five units
    [InlineData("e\u0301", 200)] // a letter and its combining accent
    public void A_long_name_is_cut_between_characters(string character, int repeats)
    {
        var name = UploadReader.DisplayName(string.Concat(Enumerable.Repeat(character, repeats)) + ".jpg")!;

        Assert.InRange(name.Length, 250, 255);
        Assert.DoesNotContain('\uFFFD', name);
        Assert.False(char.IsHighSurrogate(name[^1]), "ends inside a surrogate pair");
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            Assert.Equal(character, elements.GetTextElement());
        }
    }

    [Fact]
    public void A_name_within_the_limit_is_kept_whole()
    {
        var name = new string('a', 251) + ".jpg";
        Assert.Equal(name, UploadReader.DisplayName(name));
    }

    [Theory]
    [InlineData("scan\u202Egpj.exe", "scangpj.exe")] // right-to-left override: would read "scanexe.jpg"
    [InlineData("\u2066left\u2069\u200F.png", "left.png")] // isolates and a right-to-left mark
    [InlineData("a\u2028b\u2029c.dcm", "abc.dcm")] // line and paragraph separators
    [InlineData("\U0001F469\u200D\U0001F4BB.jpg", "\U0001F469\u200D\U0001F4BB.jpg")] // a zero-width joiner stays: it is part of the emoji
    public void Bidirectional_controls_and_line_separators_are_removed(string name, string display) =>
        Assert.Equal(display, UploadReader.DisplayName(name));
}
