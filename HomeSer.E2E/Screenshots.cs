using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>Screenshots land in <c>artifacts/screenshots/</c> at the repo root, where CI collects them.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() => Path.Combine(RepoRoot(), "artifacts", "screenshots"));

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder.Value);
        var file = Path.Combine(Folder.Value, name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? name : name + ".png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        return file;
    }

    /// <summary>The folder holding HomeSer.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeSer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No HomeSer.sln above {AppContext.BaseDirectory}.");
    }
}
