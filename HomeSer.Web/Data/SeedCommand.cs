namespace HomeSer.Web.Data;

/// <summary><c>dotnet run --project HomeSer.Web -- seed --providers N --bookings N --seed N</c>: a large deterministic data set for benchmarks.</summary>
public static class SeedCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("seed: not built yet");
        return Task.FromResult(2);
    }
}
