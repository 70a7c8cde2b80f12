using HomeSer.Web.Features.Catalog;

namespace HomeSer.Web.Pages.Provider.Services;

public sealed record ServiceFieldsView(ServiceForm Form, IReadOnlyList<CategoryView> Categories);
