namespace HomeSer.Web.Pages.Shared;

/// <summary>A person's photo, or their initials on a colour picked from the name when there is none.</summary>
public sealed record AvatarModel(string Name, string? PhotoUrl, bool Large = false)
{
    private const int Tones = 6;

    /// <summary>"PP" for "Pat's Plumbing": the first letters of the first two words.</summary>
    public string Initials => string.Concat(Name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(word => word.FirstOrDefault(char.IsLetterOrDigit)).Where(c => c != default).Take(2).Select(char.ToUpperInvariant));

    // A stable choice (string.GetHashCode is randomised per process), so a provider keeps their colour.
    public string Tone => $"avatar-tone-{Name.Aggregate(0, (sum, c) => (sum * 31 + c) % 9973) % Tones}";
}
