namespace HomeSer.Web.Infrastructure;

/// <summary>Finds the repository's top-level wwwroot, which the product card puts beside (not inside) HomeSer.Web.</summary>
public static class WebRoot
{
    public static string Locate()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "wwwroot");
                if (File.Exists(Path.Combine(dir.FullName, "HomeSer.sln")) && Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        // Published output carries its own copy.
        return Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }
}
