"""What the tests of every app share: the personas, browser and concurrency helpers, mail links, archive bombs.
Test code only: no app imports it."""
