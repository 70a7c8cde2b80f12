namespace HomeSer.E2E;

/// <summary>The HomeSer.Web the tests start as a process of its own.</summary>
internal static class WebBuild
{
    /// <summary>The repository's HomeSer.sln, found above the test binaries.</summary>
    public static string SolutionFile()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HomeSer.sln")))
        {
            root = root.Parent;
        }
        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("HomeSer.sln not found"), "HomeSer.sln");
    }

    /// <summary>HomeSer.Web.dll of this configuration's build (the solution build makes it).</summary>
    public static string Dll()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HomeSer.sln")))
        {
            root = root.Parent;
        }
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("HomeSer.sln not found"), "HomeSer.Web", "bin", configuration, "net10.0", "HomeSer.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        return dll;
    }
}
