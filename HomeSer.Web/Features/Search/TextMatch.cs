namespace HomeSer.Web.Features.Search;

/// <summary>
/// The <c>q</c> rule of the database search, in memory. SQL compares <c>lower(text) LIKE '%' || pattern || '%'</c>
/// with the pattern lower-cased by <see cref="string.ToLowerInvariant"/> and its wildcards escaped. SQLite's
/// <c>lower()</c> and <c>LIKE</c> (without ICU) fold only ASCII letters, so: ASCII letters match whatever their case,
/// any other character only itself (a pattern "é" finds "é" but not "É"; "É" in q is lower-cased to "é" first).
/// </summary>
internal static class TextMatch
{
    /// <summary>Whether <paramref name="text"/>, with ASCII A-Z folded to a-z, contains <paramref name="lowerPattern"/>.</summary>
    public static bool Contains(string text, string lowerPattern)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lowerPattern);
        var last = text.Length - lowerPattern.Length;
        for (var start = 0; start <= last; start++)
        {
            var i = 0;
            while (i < lowerPattern.Length && Fold(text[start + i]) == lowerPattern[i])
            {
                i++;
            }
            if (i == lowerPattern.Length)
            {
                return true;
            }
        }
        return false;
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}
