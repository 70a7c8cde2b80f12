using HomeSer.Web.Features.Bookings;
using Microsoft.AspNetCore.Identity;

namespace HomeSer.Web.Features.Accounts;

/// <summary>A person who signs in: customer, provider or admin (roles say which).</summary>
public sealed class AppUser : IdentityUser<int>
{
    public string DisplayName { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>A customer's default place for jobs; a booking made without an address uses it.</summary>
    public ServiceAddress? HomeAddress { get; set; }
}

public static class Roles
{
    public const string Customer = "Customer";
    public const string Provider = "Provider";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Customer, Provider, Admin];
}
