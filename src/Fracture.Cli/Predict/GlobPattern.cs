using System.Text;
using System.Text.RegularExpressions;

namespace Fracture.Cli.Predict;

/// <summary>
/// A file glob as shells write it: <c>*</c> and <c>?</c> within one path segment, <c>[abc]</c> / <c>[!abc]</c>
/// character sets, and a whole segment <c>**</c> for any number of folders (none included). Matching is
/// case-sensitive, '/' separates segments, names starting with '.' match only a segment that starts with '.' (and
/// <c>**</c> does not enter such folders), as in a shell; symbolic links to folders are not followed by <c>**</c> (no cycles).
/// Written here because Microsoft.Extensions.FileSystemGlobbing ships only with ASP.NET Core's shared framework.
/// </summary>
internal sealed class GlobPattern
{
    private readonly string _root;
    private readonly Segment[] _segments;

    private GlobPattern(string root, Segment[] segments)
    {
        _root = root;
        _segments = segments;
    }

    /// <summary>True when <paramref name="text"/> has a wildcard (<c>*</c>, <c>?</c> or <c>[</c>).</summary>
    public static bool IsPattern(string text) => text.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>
    /// Splits <paramref name="pattern"/> into the literal folder it starts from (resolved against
    /// <paramref name="baseDirectory"/> when relative) and the wildcard segments after it.
    /// </summary>
    public static GlobPattern Parse(string pattern, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var parts = pattern.Split('/');
        var literal = 0;
        while (literal < parts.Length - 1 && !IsPattern(parts[literal]))
        {
            literal++;
        }

        var rootText = string.Join('/', parts[..literal]);
        var root = rootText.Length == 0 && pattern.StartsWith('/') ? "/" : Path.GetFullPath(rootText.Length == 0 ? "." : rootText, baseDirectory);
        var segments = parts[literal..].Where(p => p.Length > 0).Select(Segment.Parse).ToArray();
        return new GlobPattern(root, segments);
    }

    /// <summary>Full paths of the files that match, in ordinal order; empty when the starting folder does not exist.</summary>
    public IReadOnlyList<string> Files()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(_root) && _segments.Length > 0)
        {
            Walk(new DirectoryInfo(_root), 0, found);
        }

        return [.. found];
    }

    private void Walk(DirectoryInfo folder, int index, SortedSet<string> found)
    {
        var segment = _segments[index];
        var last = index == _segments.Length - 1;
        if (segment.IsRecursive)
        {
            // "**" matches no folder (go on with the next segment here) or one more (stay on "**" one level down).
            if (last)
            {
                foreach (var file in FilesIn(folder).Where(f => !f.Name.StartsWith('.')))
                {
                    found.Add(file.FullName);
                }
            }
            else
            {
                Walk(folder, index + 1, found);
            }

            foreach (var child in Subfolders(folder).Where(d => d.LinkTarget is null && !d.Name.StartsWith('.')))
            {
                Walk(child, index, found);
            }

            return;
        }

        if (last)
        {
            foreach (var file in FilesIn(folder).Where(f => segment.Matches(f.Name)))
            {
                found.Add(file.FullName);
            }

            return;
        }

        foreach (var child in Subfolders(folder).Where(d => segment.Matches(d.Name)))
        {
            Walk(child, index + 1, found);
        }
    }

    // An unreadable folder is skipped rather than failing the whole pattern, as a folder source skips it.
    private static IEnumerable<DirectoryInfo> Subfolders(DirectoryInfo folder)
    {
        try
        {
            return folder.GetDirectories();
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<FileInfo> FilesIn(DirectoryInfo folder)
    {
        try
        {
            return folder.GetFiles();
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private sealed class Segment
    {
        private readonly Regex? _regex;
        private readonly bool _matchesHidden;

        private Segment(Regex? regex, bool matchesHidden)
        {
            _regex = regex;
            _matchesHidden = matchesHidden;
        }

        public bool IsRecursive => _regex is null;

        public static Segment Parse(string text)
        {
            if (text == "**")
            {
                return new Segment(null, false);
            }

            try
            {
                return new Segment(new Regex(ToRegex(text), RegexOptions.CultureInvariant), text.StartsWith('.'));
            }
            catch (RegexParseException e)
            {
                // A set the regex engine refuses, such as the reversed range [z-a].
                var why = e.Error == RegexParseError.ReversedCharacterRange
                    ? "a range in [...] runs backwards (write [a-z], not [z-a])"
                    : $"its [...] set is not valid ({e.Error})";
                throw new PredictInputException($"'{text}' is not a valid glob pattern: {why}");
            }
        }

        public bool Matches(string name) => (_matchesHidden || !name.StartsWith('.')) && _regex!.IsMatch(name);

        private static string ToRegex(string glob)
        {
            var regex = new StringBuilder("^");
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                var close = c == '[' ? SetEnd(glob, i) : -1;
                if (c == '*')
                {
                    regex.Append(".*");
                }
                else if (c == '?')
                {
                    regex.Append('.');
                }
                else if (close > 0)
                {
                    var set = glob[(i + 1)..close];
                    var negate = set.StartsWith('!');
                    regex.Append(negate ? "[^" : "[").Append(Regex.Escape(negate ? set[1..] : set).Replace("]", "\\]", StringComparison.Ordinal)).Append(']');
                    i = close;
                }
                else
                {
                    regex.Append(Regex.Escape(c.ToString()));
                }
            }

            return regex.Append('$').ToString();
        }

        /// <summary>
        /// Index of the ']' closing the set opened at <paramref name="open"/>, or -1 (then '[' is a plain character).
        /// A ']' first in the set, after an optional '!', belongs to it, as in the shell.
        /// </summary>
        private static int SetEnd(string glob, int open)
        {
            var first = open + 1 < glob.Length && glob[open + 1] == '!' ? open + 2 : open + 1;
            return first + 1 > glob.Length ? -1 : glob.IndexOf(']', first + 1);
        }
    }
}
