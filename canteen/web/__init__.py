"""The HTTP layer shared by the kiosk and the staff side: error pages and API errors, the
language of each request, security headers, template globals, form reading, QR codes and the
request's address. Above the domain, below `kiosk` and `admin`; it knows neither of them."""
