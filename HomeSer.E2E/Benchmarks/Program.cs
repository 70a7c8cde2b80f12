namespace HomeSer.E2E.Benchmarks;

/// <summary>Entry point for <c>dotnet run --project HomeSer.E2E -c Release -- bench</c>; tests run through the test host instead.</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["bench", .. var rest])
        {
            return await BenchCommand.RunAsync(rest);
        }
        await Console.Error.WriteLineAsync("usage: dotnet run --project HomeSer.E2E -c Release -- bench [options]   (bench --help for the options)");
        return 2;
    }
}
