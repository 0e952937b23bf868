/** The data model: immutable, validated values shared by every module. */
package dev.perch.model;
