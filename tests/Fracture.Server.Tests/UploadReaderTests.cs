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
}
