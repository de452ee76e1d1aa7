using System.Globalization;
using System.Text;

namespace Fracture.Core.Models;

/// <summary>
/// The <c>names</c> metadata value as Ultralytics writes it: Python's repr of a dict from class id to name,
/// <c>{0: 'elbow', 1: "driver's"}</c> (single quotes unless the name holds one, backslash escapes).
/// </summary>
public static class UltralyticsNames
{
    public static string Format(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var text = new StringBuilder("{");
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(i.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(Quote(names[i]));
        }

        return text.Append('}').ToString();
    }

    /// <summary>The names in id order; null when <paramref name="text"/> is not such a dict or its ids are not 0..n-1.</summary>
    public static IReadOnlyList<string>? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        var byId = new SortedDictionary<int, string>();
        SkipSpace(text, ref position);
        if (!Expect(text, ref position, '{'))
        {
            return null;
        }

        SkipSpace(text, ref position);
        if (Expect(text, ref position, '}'))
        {
            return [];
        }

        while (true)
        {
            SkipSpace(text, ref position);
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (!int.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            SkipSpace(text, ref position);
            if (!Expect(text, ref position, ':'))
            {
                return null;
            }

            SkipSpace(text, ref position);
            var name = ReadString(text, ref position);
            if (name is null || !byId.TryAdd(id, name))
            {
                return null;
            }

            SkipSpace(text, ref position);
            if (Expect(text, ref position, '}'))
            {
                break;
            }

            if (!Expect(text, ref position, ','))
            {
                return null;
            }
        }

        SkipSpace(text, ref position);
        var ids = byId.Keys.ToList();
        return position == text.Length && ids.SequenceEqual(Enumerable.Range(0, ids.Count)) ? [.. byId.Values] : null;
    }

    private static string Quote(string name)
    {
        var quote = name.Contains('\'', StringComparison.Ordinal) && !name.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var text = new StringBuilder().Append(quote);
        foreach (var c in name)
        {
            if (c == '\\' || c == quote)
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append(quote).ToString();
    }

    private static string? ReadString(string text, ref int position)
    {
        if (position >= text.Length || text[position] is not ('\'' or '"'))
        {
            return null;
        }

        var quote = text[position++];
        var value = new StringBuilder();
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == quote)
            {
                return value.ToString();
            }

            if (c == '\\' && position < text.Length)
            {
                c = text[position++];
            }

            value.Append(c);
        }

        return null;
    }

    private static bool Expect(string text, ref int position, char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }

        return false;
    }

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
