using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Operations;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Operations;

/// <summary>The documented backup: taken while the app writes, restored, and an app started on the copy finds the bookings.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly DirectoryInfo _restored = Directory.CreateTempSubdirectory("homeser-restore-");

    private sealed class RestoredFactory(string folder) : HomeSerFactory(folder, keepFolder: false);

    private static async Task<int> BookAsync(BookingsFixture app, BookingsFixture.Cast cast)
    {
        var booking = await (await cast.Customer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot())))
            .JsonAsync(HttpStatusCode.Created);
        return booking.GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_backup_taken_during_writes_restores_into_an_app_that_serves_every_booking_acknowledged_before_it()
    {
        await using var app = new BookingsFixture();
        var cast = await app.CastAsync();
        var before = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            before.Add(await BookAsync(app, cast));
        }

        // Bookings keep being written while the backup runs.
        using var stop = new CancellationTokenSource();
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(async () =>
        {
            var ids = new List<int>();
            while (!stop.IsCancellationRequested && ids.Count < 150)
            {
                ids.Add(await BookAsync(app, cast));
                firstWrite.TrySetResult();
            }
            return ids;
        });
        await firstWrite.Task;
        var backup = Path.Combine(_restored.FullName, "homeser.db");
        var exit = await BackupCommand.RunAsync([backup, $"--ConnectionStrings:HomeSer=Data Source={app.DatabasePath}"]);
        await stop.CancelAsync();
        var during = await writer;

        Assert.Equal(0, exit);
        await using var restored = new RestoredFactory(_restored.FullName);
        var found = await restored.WithDbAsync(db => db.Bookings.Select(b => b.Id).ToListAsync());
        Assert.Superset(before.ToHashSet(), found.ToHashSet());
        Assert.Subset(before.Concat(during).ToHashSet(), found.ToHashSet());
        var integrity = await restored.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT integrity_check AS Value FROM pragma_integrity_check").ToListAsync());
        Assert.Equal(["ok"], integrity);

        // The restored app serves them: the customer signs in there and sees each booking acknowledged before the backup.
        var customer = await restored.ClientForAsync(cast.CustomerEmail);
        foreach (var id in before)
        {
            Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/api/bookings/bookings/{id}/")).StatusCode);
        }
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file()
    {
        await using var app = new HomeSerFactory();
        await app.WithDbAsync(db => db.Bookings.CountAsync());
        var existing = Path.Combine(_restored.FullName, "taken.db");
        await File.WriteAllTextAsync(existing, "keep me");

        var exit = await BackupCommand.RunAsync([existing, $"--ConnectionStrings:HomeSer=Data Source={app.DatabasePath}"]);

        Assert.Equal(1, exit);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
    }

    public void Dispose()
    {
        try
        {
            _restored.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
    }
}
