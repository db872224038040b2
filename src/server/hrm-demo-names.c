/* hrm-demo-names.c — Swedish names for the demo organisation
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-demo"

#include "config.h"

#include <string.h>

#include "hrm-demo.h"

static const char *first_names[] = {
  "Agnes", "Alexander", "Alice", "Amanda", "Anders", "Andreas", "Anna", "Astrid", "Axel", "Birgitta",
  "Björn", "Camilla", "Carl", "Cecilia", "Christina", "Daniel", "David", "Ebba", "Elin", "Elias",
  "Elsa", "Emil", "Emma", "Erik", "Eva", "Filip", "Fredrik", "Frida", "Gunilla", "Gustav",
  "Hanna", "Hans", "Helena", "Henrik", "Hugo", "Ida", "Ingrid", "Isak", "Jan", "Jenny",
  "Johan", "Johanna", "Jonas", "Josefin", "Karin", "Kerstin", "Klara", "Kristina", "Lars", "Lena",
  "Linnea", "Lisa", "Magnus", "Malin", "Maja", "Marcus", "Maria", "Martin", "Mats", "Mikael",
  "Moa", "Nils", "Olof", "Oskar", "Per", "Peter", "Rasmus", "Rebecka", "Sara", "Sebastian",
  "Signe", "Sofia", "Stefan", "Sven", "Therese", "Thomas", "Tove", "Ulla", "Viktor", "Wilma",
  "Åsa", "Örjan", "Åke", "Märta", "Göran", "Jörgen", "Sölve", "Linnéa", "Inger", "Leo",
};

static const char *last_names[] = {
  "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
  "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
  "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg",
  "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
  "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund",
  "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström",
  "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren",
  "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Viklund",
  "Björklund", "Eliasson", "Pålsson", "Berggren", "Sandström", "Lund", "Nordin", "Ström",
  "Åberg", "Ekström", "Holmgren", "Sundberg", "Hedlund", "Dahlberg", "Hellström", "Sjögren",
  "Abrahamsson", "Falk", "Öberg", "Ali", "Hassan", "Nguyen", "Kovačević", "Yılmaz",
};

const char *
_hrm_demo_first_name (guint index)
{
  return first_names[index % G_N_ELEMENTS (first_names)];
}

guint
_hrm_demo_n_first_names (void)
{
  return G_N_ELEMENTS (first_names);
}

const char *
_hrm_demo_last_name (guint index)
{
  return last_names[index % G_N_ELEMENTS (last_names)];
}

guint
_hrm_demo_n_last_names (void)
{
  return G_N_ELEMENTS (last_names);
}

/* Lower-case ASCII for user ids and addresses: "Mårtensson" → "martensson". */
char *
_hrm_demo_ascii (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x0131)  /* dotless ı */
        c = 'i';
      if (c < 0x80 && g_ascii_isalnum (c))
        g_string_append_c (out, g_ascii_tolower (c));
      else if (c == ' ' || c == '-')
        g_string_append_c (out, '-');
    }

  return g_string_free (out, FALSE);
}
